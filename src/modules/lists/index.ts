/** The public entry of modules/lists: Lists and their memberships. */
export { ListsModule } from './lists.module';
export { ListsService } from './lists.service';
