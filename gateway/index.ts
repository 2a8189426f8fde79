// Public surface of the gateway module (design.md). Nothing is exported yet: its issue adds the module.
export {};
