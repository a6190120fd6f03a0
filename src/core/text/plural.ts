/** `1 error`, `3 errors`, `1 delivery`, `2 deliveries`: a count with its noun agreeing. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
