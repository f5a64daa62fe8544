// The package's version, sent in the User-Agent. A test keeps it equal to package.json's, which
// cannot be imported portably (JSON import attributes differ between Node 18 and 22).
export const VERSION = '0.1.0';
