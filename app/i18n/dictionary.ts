/** The English dictionary's type: the same keys as the Chinese one, any string values. */
export type Dictionary<T> = { [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> }
