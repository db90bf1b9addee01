import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Thrown at start-up when an environment variable has a value the service cannot run with. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(error: ValidationError): string {
  const constraints = [...new Set(Object.values(error.constraints ?? {}))].join('; ');
  return `${error.property}=${JSON.stringify(error.value)}: ${constraints}`;
}

/**
 * Turns environment variables into one typed, validated configuration object. Only properties the
 * class declares (with the Env* decorators) are read; missing ones keep the class's defaults.
 */
export function loadConfig<T extends object>(
  configClass: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const config = plainToInstance(configClass, env, {
    excludeExtraneousValues: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigValidationError(errors.map(describe));
  return config;
}
