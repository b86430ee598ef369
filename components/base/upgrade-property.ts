/**
 * A property set on an element before its class was defined is an own data property that hides the class's
 * accessor. Called from the constructor, this moves such a value through the accessor.
 */
export function upgradeProperty<T extends HTMLElement>(element: T, name: keyof T & string): void {
  if (!Object.prototype.hasOwnProperty.call(element, name)) return;
  const value = element[name];
  delete element[name];
  element[name] = value;
}
