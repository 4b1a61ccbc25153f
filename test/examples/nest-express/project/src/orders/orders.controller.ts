import { Controller, Get } from '@nestjs/common';
import { OrdersService } from './orders.service';

@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  index(): string {
    return this.orders.summary();
  }

  @Get('orders')
  list() {
    return this.orders.findAll();
  }
}
