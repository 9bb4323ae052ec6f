/** Validates devcontainer.json against the Dev Containers reference, as test/schemas/devcontainer.schema.json writes it down. */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../schemas/devcontainer.schema.json';

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (validator) return validator;
  // strict: a keyword the schema misspells is an error here, not a check that silently never runs. The mode
  // branches (`if: { required: [...] }`) name properties defined at the top, which strictRequired cannot see.
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  return (validator = ajv.compile(schema));
}

/** The problems of a devcontainer.json, one line each naming the key (`runArgs: …`); empty when valid. */
export function validateDevcontainer(config: unknown): string[] {
  const validate = compiled();
  if (validate(config)) return [];
  // "if" only says that its "then" failed; the "then" error itself names the key.
  return [...new Set((validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe))];
}

function describe(error: ErrorObject): string {
  const at = error.instancePath.slice(1).replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  const key = (name: string) => (at ? `${at}.${name}` : name);
  switch (error.keyword) {
    case 'additionalProperties':
      return `${key(String(params.additionalProperty))}: not a devcontainer.json property here`;
    case 'false schema': {
      // #/allOf/<i>/then/properties/<key>: the property the `if` of branch i requires is what excludes it.
      const branch = Number(/^#\/allOf\/(\d+)\//.exec(error.schemaPath)?.[1]);
      const by = (schema.allOf[branch]?.if.required ?? []).join(', ');
      return `${at}: not allowed together with ${by}${by === 'dockerComposeFile' ? ' (the compose file decides it)' : ''}`;
    }
    case 'required':
      return `${key(String(params.missingProperty))}: required`;
    case 'dependencies':
      return `${key(String(params.missingProperty))}: required with ${key(String(params.property))}`;
    case 'enum':
      return `${at}: ${error.message} (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
    default:
      return `${at || '(root)'}: ${error.message}`;
  }
}
