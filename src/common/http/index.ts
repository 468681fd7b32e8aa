/** The public entry of common/http: what other parts of the app may use. */
export { CursorPosition, cutPage, pageStart, queryFingerprint } from './cursor';
export { DateTimeProperty, isoDateTime } from './date-time';
export { HTTP_EDGE_OPTIONS, useCheckedJsonParser, useResponseHeaders } from './http-edge';
export { JSON_BODY_LIMITS } from './json-body-limits';
export {
  CURSOR_PAGING,
  CountedPagedResponseDto,
  CursorPagedResponseDto,
  CursorPaginationQueryDto,
  EXACT_TOTAL_LIMIT,
  MAX_PER_PAGE,
  PageTotal,
  PagedResponseDto,
  PaginationQueryDto,
  countedPageMeta,
  cursorPageMeta,
  pageMeta,
  pageOffset,
} from './pagination.dto';
export { requestId } from './request-id';
export { replaceGetHandler } from './route-handler';
export { ResourceIdPipe } from './resource-id.pipe';
export { useSecurityHeaders } from './security-headers';
export { NoNulBytes, OptionalText, TrimToNull } from './text-field.decorators';
