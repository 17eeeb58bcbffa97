/** Every piece of data the engine makes or receives gets a unique version; cache keys are made of versions. */
let counter = 0;
export function nextVersion(): number {
  return ++counter;
}
