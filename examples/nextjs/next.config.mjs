/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Herald packages are plain ES modules with their own .d.ts: nothing to transpile.
  reactStrictMode: true,
};

export default nextConfig;
