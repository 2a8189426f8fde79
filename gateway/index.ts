// Public surface of the gateway module (design.md): the REST API now; the FIX acceptor joins it.
export * from './rest';
