// Public surface of the risk module (design.md). Nothing is exported yet: its issue adds the module.
export {};
