// Prints the base-image tags the e2e tests build, one per line, for scripts/stand-in-images.sh.
// Kept in one place so CI builds exactly the stand-ins the tests need and no others.
export const E2E_IMAGES = [
  'python:3.13-slim',
  'python:3.13',
  'node:20-slim',
  'node:20',
  'golang:1.24',
  'gcr.io/distroless/static-debian12:nonroot',
  'debian:trixie-slim',
];
if (import.meta.url === `file://${process.argv[1]}`) console.log(E2E_IMAGES.join('\n'));
