// Prints the base-image tags the e2e tests build, one per line, for scripts/stand-ins/build.ts.
// Kept in one place so CI builds exactly the stand-ins the tests need and no others.
export const E2E_IMAGES = [
  'python:3.13-slim',
  'python:3.13',
  'node:26-slim',
  'node:26',
  'node:20-slim',
  'node:20',
  'golang:1.27',
  'golang:1.24',
  'gcr.io/distroless/static-debian12:nonroot',
  'debian:trixie-slim',
];
if (import.meta.url === `file://${process.argv[1]}`) console.log(E2E_IMAGES.join('\n'));
