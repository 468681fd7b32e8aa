import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { RequireScopes } from '../../common/auth';
import { EXACT_TOTAL_LIMIT, countedPageMeta } from '../../common/http';
import { ProspectSearchResponseDto } from './dto/prospect.dto';
import { FlatSearchDto, WorkflowSearchDto } from './dto/search-request.dto';
import { ProspectsSearchService } from './prospects-search.service';
import { ProspectSearch } from './search/search-filters';
import { MAX_SEARCH_DEPTH, SearchRequestPipe } from './search/search-request.pipe';
import { Idempotent } from '../../common/idempotency';

const MATCHING =
  "Values inside one filter are OR'ed, filters are AND'ed; an exclusion (`not_...`) leaves out " +
  'every prospect any of its values matches. Titles, industries, locations (of the person, or ' +
  'of the company\'s headquarters) and keywords match whole words, ignoring case ("CEO" finds ' +
  '"Co-CEO" and "CEO & Founder", not "CEOx"); headcounts and revenues take buckets or ' +
  `"min,max" ranges. Ordered by id; \`page × per_page\` may not exceed ${MAX_SEARCH_DEPTH}. ` +
  `\`meta.total\` is exact up to ${EXACT_TOTAL_LIMIT.toLocaleString('en-US')} matches; beyond that it is ` +
  `${EXACT_TOTAL_LIMIT.toLocaleString('en-US')} with \`meta.total_relation: "gte"\` (at least), which ` +
  'keeps the cost of a search from growing with its matches. ' +
  'Every returned prospect can be passed to `POST /v1/prospects/save` as it is.';

@ApiTags('Prospects')
@ApiExtraModels(WorkflowSearchDto, FlatSearchDto)
@Controller('v1')
export class ProspectsController {
  constructor(private readonly prospects: ProspectsSearchService) {}

  @Post('prospects/search')
  @Idempotent()
  @HttpCode(200)
  @RequireScopes('prospects:read')
  @ApiOperation({
    summary: 'Search the prospect database',
    description:
      'Body forms: the workflow form `{"query": {"person_titles": [..], ...}}`, the flat form ' +
      '`{"titles": [..], "industry": .., ...}`, or the legacy `{"query": "CEO"}` / ' +
      `\`{"jobTitles": [..]}\`. ${MATCHING}`,
  })
  @ApiBody({
    schema: {
      oneOf: [{ $ref: getSchemaPath(WorkflowSearchDto) }, { $ref: getSchemaPath(FlatSearchDto) }],
    },
    examples: {
      workflow: {
        value: {
          query: { person_titles: ['CEO'], organization_industries: ['Legal'] },
          per_page: 50,
        },
      },
      workflowExclusions: {
        summary: 'Exclusions, headquarters and revenue',
        value: {
          query: {
            person_titles: ['CEO', 'Founder'],
            not_person_titles: ['Co-Founder'],
            organization_locations: ['United Kingdom'],
            organization_revenue_ranges: ['10M-50M', '50M-100M'],
          },
        },
      },
      flat: { value: { titles: ['CEO'], industry: ['Legal'], headcount: ['51-200'] } },
      legacy: { value: { query: 'CEO' } },
    },
  })
  @ApiOkResponse({ type: ProspectSearchResponseDto })
  searchProspects(
    @Body(new SearchRequestPipe('any')) search: ProspectSearch,
  ): Promise<ProspectSearchResponseDto> {
    return this.respond(search);
  }

  @Post('prospector/search')
  @Idempotent()
  @HttpCode(200)
  @RequireScopes('prospects:read')
  @ApiOperation({ summary: 'Search the prospect database (flat form)', description: MATCHING })
  @ApiBody({ type: FlatSearchDto })
  @ApiOkResponse({ type: ProspectSearchResponseDto })
  searchProspectsFlat(
    @Body(new SearchRequestPipe('flat')) search: ProspectSearch,
  ): Promise<ProspectSearchResponseDto> {
    return this.respond(search);
  }

  private async respond(search: ProspectSearch): Promise<ProspectSearchResponseDto> {
    const { prospects, total } = await this.prospects.search(search);
    return { data: { prospects }, meta: countedPageMeta(search, total) };
  }
}
