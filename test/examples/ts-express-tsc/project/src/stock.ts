export interface Item {
  sku: string;
  count: number;
}

const items: Item[] = [
  { sku: 'bolt-m4', count: 120 },
  { sku: 'nut-m4', count: 64 },
];

export const totalCount = (): number => items.reduce((sum, item) => sum + item.count, 0);
