/** Sets an optional property only when there is a value, so parsed objects carry no `key: undefined`. */
export function setDefined<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}
