import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProspectImportService } from './import/prospect-import.service';
import { Prospect } from './prospect.entity';
import { ProspectWriter } from './prospect-writer';
import { ProspectsController } from './prospects.controller';
import { ProspectsSearchService } from './prospects-search.service';
import { SearchStatistics } from './search/search-statistics';
import { ProspectSeedService } from './seed/prospect-seed.service';

@Module({
  imports: [TypeOrmModule.forFeature([Prospect])],
  controllers: [ProspectsController],
  providers: [
    ProspectsSearchService,
    SearchStatistics,
    ProspectWriter,
    ProspectImportService,
    ProspectSeedService,
  ],
  exports: [ProspectsSearchService, ProspectImportService, ProspectSeedService],
})
export class ProspectsModule {}
