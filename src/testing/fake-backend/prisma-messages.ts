/**
 * Imitations of the Prisma error messages the real backend leaks: the
 * multi-line "Invalid `prisma.x.y()` invocation" dumps. Clients must match on status and error
 * code only; these exist so the fake looks the same to a human reading a failure.
 */

function render(value: unknown, indent: string): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (value instanceof Date)
    return `new Date("${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}")`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${value.map((v) => `${inner}${render(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${k}: ${render(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return String(value);
}

/** The dump of a create whose required arguments are missing ("Argument `age` is missing."). */
export function missingArgumentMessage(
  call: string,
  data: Record<string, unknown>,
  missing: readonly { name: string; type: string }[],
): string {
  const lines = Object.entries(data).map(([k, v]) => `    ${k}: ${render(v, '    ')},`);
  const added = missing.map((m) => `+   ${m.name}: ${m.type}`);
  const body = [...lines, ...added].join('\n');
  const first = missing[0]?.name ?? 'data';
  return `\nInvalid \`prisma.${call}()\` invocation:\n\n{\n  data: {\n${body}\n  }\n}\n\nArgument \`${first}\` is missing.`;
}

/** The dump of an argument of the wrong type. */
export function invalidArgumentMessage(
  call: string,
  argument: string,
  expected: string,
  provided: string,
): string {
  return `\nInvalid \`prisma.${call}()\` invocation:\n\nArgument \`${argument}\`: Invalid value provided. Expected ${expected}, provided ${provided}.`;
}

/** The name Prisma uses for a JS value's type in its messages. */
export function prismaTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'List';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int' : 'Float';
  return 'Json';
}

/** A Postgres error surfaced through Prisma (these abort an interactive transaction). */
export function databaseErrorMessage(call: string, detail: string): string {
  return `\nInvalid \`prisma.${call}()\` invocation:\n\n\n${detail}`;
}

/** The message of the failed `hero.findMany` for an unparseable `updatedAfter` (fixtures 065, 066). */
export function invalidUpdatedAfterMessage(
  userId: string,
  include: Record<string, unknown>,
  take: number,
  skip: number,
): string {
  const where = `{\n    userId: ${JSON.stringify(userId)},\n    updatedAt: {\n      gt: new Date("Invalid Date")\n          ~~~~~~~~~~~~~~~~~~~~~~~~\n    }\n  }`;
  return `\nInvalid \`prisma.hero.findMany()\` invocation:\n\n{\n  where: ${where},\n  include: ${render(include, '  ')},\n  orderBy: {\n    createdAt: "desc"\n  },\n  take: ${take},\n  skip: ${skip}\n}\n\nInvalid value for argument \`gt\`: Provided Date object is invalid. Expected Date.`;
}

/** Postgres's int4 range, beyond which an insert fails in the database (fixture 179). */
export function isOutsideInt4(value: number): boolean {
  return value > 2147483647 || value < -2147483648;
}
