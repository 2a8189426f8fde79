// Public surface of the marketdata module (design.md). Nothing is exported yet: its issue adds the module.
export {};
