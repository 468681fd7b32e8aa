import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiError } from '../errors';

/** Route ids are UUIDs; anything else names nothing that exists, so it is a 404, not a 400. */
@Injectable()
export class ResourceIdPipe implements PipeTransform<string, string> {
  constructor(private readonly resource = 'Resource') {}

  transform(value: string): string {
    if (!isUUID(value)) throw ApiError.notFound(this.resource, value);
    return value;
  }
}
