export { createGateway, LIMITS } from './server';
export type { GatewayOptions } from './server';
