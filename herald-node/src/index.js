export { Herald } from './herald.js';
export { HeraldError } from './errors.js';
