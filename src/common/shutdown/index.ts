/** The public entry of common/shutdown: what other parts of the app may use. */
export { HttpDrain } from './http-drain';
export { ShutdownModule } from './shutdown.module';
