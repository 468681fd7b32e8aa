import { Module } from '@nestjs/common';
import { ProspectImportService } from './import/prospect-import.service';
import { ProspectWriter } from './prospect-writer';
import { ProspectsController } from './prospects.controller';
import { ProspectsSearchRepository } from './prospects-search.repository';
import { ProspectsSearchService } from './prospects-search.service';
import { SearchIndexHolder } from './search/search-index.holder';
import { SearchStatistics } from './search/search-statistics';
import { ProspectSeedService } from './seed/prospect-seed.service';

@Module({
  controllers: [ProspectsController],
  providers: [
    ProspectsSearchService,
    ProspectsSearchRepository,
    SearchStatistics,
    SearchIndexHolder,
    ProspectWriter,
    ProspectImportService,
    ProspectSeedService,
  ],
  exports: [ProspectsSearchService, ProspectImportService, ProspectSeedService],
})
export class ProspectsModule {}
