/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server in .next/standalone: the container needs no `npm install`.
  output: 'standalone',
};

export default nextConfig;
