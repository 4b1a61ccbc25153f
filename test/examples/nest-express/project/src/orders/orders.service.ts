import { Injectable } from '@nestjs/common';

export interface Order {
  id: number;
  item: string;
  quantity: number;
}

@Injectable()
export class OrdersService {
  private readonly orders: Order[] = [
    { id: 1, item: 'keyboard', quantity: 2 },
    { id: 2, item: 'monitor', quantity: 1 },
  ];

  findAll(): Order[] {
    return this.orders;
  }

  summary(): string {
    const units = this.orders.reduce((sum, order) => sum + order.quantity, 0);
    return `orders api: ${this.orders.length} orders, ${units} units`;
  }
}
