import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Plan } from '../../config/app-config';
import { ApiError } from '../../common/errors';
import { isUniqueViolation } from '../../database/postgres-errors';
import { Workspace } from './workspace.entity';

@Injectable()
export class WorkspacesService {
  constructor(@InjectRepository(Workspace) private readonly workspaces: Repository<Workspace>) {}

  async create(name: string, plan: Plan): Promise<Workspace> {
    try {
      return await this.workspaces.save(this.workspaces.create({ name, plan }));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ApiError('duplicate_name', `A workspace named "${name}" already exists.`);
      throw error;
    }
  }

  list(): Promise<Workspace[]> {
    return this.workspaces.find({ order: { createdAt: 'ASC' } });
  }

  count(): Promise<number> {
    return this.workspaces.count();
  }

  /** By id, or else by name ignoring case. */
  async findByIdOrName(ref: string): Promise<Workspace> {
    const found = isUUID(ref)
      ? await this.workspaces.findOneBy({ id: ref })
      : await this.workspaces
          .createQueryBuilder('w')
          .where('lower(w.name) = lower(:ref)', { ref })
          .getOne();
    if (!found) throw ApiError.notFound('Workspace', ref);
    return found;
  }
}
