/** A credential written as ${NAME} is read from the environment (docker compose's .env). */
export function fromEnvironment(value: string | undefined): string | undefined {
  const name = value ? /^\$\{(\w+)\}$/.exec(value.trim())?.[1] : undefined;
  return name ? process.env[name] : value;
}
