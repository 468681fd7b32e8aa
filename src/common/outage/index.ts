/** The public entry of common/outage: the outage state machine PostgreSQL and Redis share. */
export { OutageWatch } from './outage-watch';
