/** The public entry of modules/prospects: Prospects: search, save route, import and seed. */
export { ImportSummary, ProspectImportService } from './import/prospect-import.service';
export { ProspectsSearchService } from './prospects-search.service';
export { ProspectsModule } from './prospects.module';
export { SaveProspectsModule } from './save/save-prospects.module';
export { ProspectSeedService } from './seed/prospect-seed.service';
