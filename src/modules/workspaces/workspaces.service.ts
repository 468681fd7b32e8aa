import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Plan } from '../../config/app-config';
import { ApiError } from '../../common/errors';
import { isUniqueViolation } from '../../database/postgres-errors';
import { Workspace } from './workspace.entity';
import { WorkspacesRepository } from './workspaces.repository';

@Injectable()
export class WorkspacesService {
  constructor(private readonly workspaces: WorkspacesRepository) {}

  async create(name: string, plan: Plan): Promise<Workspace> {
    try {
      return await this.workspaces.insert(name, plan);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ApiError('duplicate_name', `A workspace named "${name}" already exists.`);
      throw error;
    }
  }

  list(): Promise<Workspace[]> {
    return this.workspaces.list();
  }

  count(): Promise<number> {
    return this.workspaces.count();
  }

  /** By id, or else by name ignoring case. */
  async findByIdOrName(ref: string): Promise<Workspace> {
    const found = isUUID(ref)
      ? await this.workspaces.findById(ref)
      : await this.workspaces.findByNameIgnoringCase(ref);
    if (!found) throw ApiError.notFound('Workspace', ref);
    return found;
  }

  /**
   * Inside the caller's transaction: holds the workspace still (its row locked) until the
   * transaction ends, so that checks across its keys are race-free.
   */
  async lockForChanges(workspaceId: string): Promise<void> {
    if (!(await this.workspaces.lock(workspaceId)))
      throw ApiError.notFound('Workspace', workspaceId);
  }
}
