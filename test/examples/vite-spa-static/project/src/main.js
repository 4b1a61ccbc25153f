import { services } from './services.js';

const list = document.querySelector('#services');
for (const service of services) {
  const item = document.createElement('li');
  item.textContent = `${service.name}: ${service.up ? 'up' : 'down'}`;
  list.append(item);
}

