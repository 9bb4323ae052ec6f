/** Dockerfile variable substitution (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}`), as BuildKit does it. */
export function substitute(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, op, word, bare) => {
    const name = braced ?? bare;
    const value = lookup(name);
    if (!op) return value ?? '';
    const unset = op.startsWith(':') ? !value : value === undefined;
    if (op.endsWith('-')) return unset ? substitute(word, lookup) : value!;
    return unset ? '' : substitute(word, lookup);
  });
}

/** True when the text refers to any variable. */
export function hasVariables(text: string): boolean {
  return /\$(\{[A-Za-z_]|[A-Za-z_])/.test(text);
}
