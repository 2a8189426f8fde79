export { GatewayError } from './errors';
