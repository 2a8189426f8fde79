// Public surface of the REST API (gateway/rest): re-exported from gateway/index.ts.
export { registerRestApi, REST_PREFIX, OPENAPI_PATH, type RestApiDeps } from './rest-api';
export type { RestDeps, RestCache, RestLogger } from './rest-deps';
export * from './rest-config';
export { RestError, REST_ERROR_STATUS, REST_ERROR_CODES, type RestErrorCode } from './errors';
export { ALL_ROLES, ACCOUNT_BOUND_ROLES, scopeAllows, type Role, type Principal, type RouteAccess, type AccountScope, type AccountLocation } from './access';
export type { RestRoutes, RestRouteContext } from './routes/route-context';
export { IdempotencyKeys, IDEMPOTENCY_HEADER, IDEMPOTENCY_HEADER_SCHEMA } from './idempotency';
export { decimalString, errorSchema } from './schemas';
export { PasswordHasher } from './auth/password-hasher';
export { TokenService } from './auth/token-service';
export { createUser, type NewUserInput, type CreatedUser } from './auth/user-admin';
export { currentTotp } from './auth/totp';
export { newApiKeySecret } from './auth/secrets';
export { fixSessionRoutes } from './routes/fix-session-routes';
export { riskRoutes } from './routes/risk-routes';
export { orderRoutes } from './routes/order-routes';
export { RestOrderDesk, type RestOrderDeskDeps, type OrderQueries } from './routes/rest-order-desk';
export { REST_REJECT_ERROR } from './routes/order-rejects';
