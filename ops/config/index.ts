export { loadConfig, configFileFromArgv, ENV_OVERRIDES, type ConfigResult, type ConfigSource } from './load-config';
export * from './schema';
