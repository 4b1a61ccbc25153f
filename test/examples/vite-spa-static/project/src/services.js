export const services = [
  { name: 'orders', up: true },
  { name: 'billing', up: true },
  { name: 'search', up: false },
];
