/** Validates a SARIF log against the OASIS SARIF 2.1.0 schema (test/schemas/), for the CLI's `--format sarif` tests. */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../schemas/sarif-schema-2.1.0.json';

let validator: ValidateFunction | undefined;

/** The schema is draft-07; `strict: false` because it uses keywords and formats Ajv's strict mode rejects. */
function compiled(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return (validator = ajv.compile(schema));
}

/** Returns the problems in a SARIF log, one readable line each (`/runs/0/results/0/level: must be …`); empty when valid. */
export function validateSarif(log: unknown): string[] {
  const validate = compiled();
  if (validate(log)) return [];
  return [...new Set((validate.errors ?? []).map(describe))];
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '(root)';
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'enum') detail = ` (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  else if (error.keyword === 'additionalProperties') detail = ` (${JSON.stringify(params.additionalProperty)})`;
  return `${at}: ${error.message}${detail}`;
}
