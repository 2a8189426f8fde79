// Public surface of the gateway module (design.md): the REST API and the FIX acceptor.
export * from './rest';
export * from './fix';
export * from './order-path';
