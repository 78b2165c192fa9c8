/** "1 file", "2 files": the count with the word that goes with it. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
