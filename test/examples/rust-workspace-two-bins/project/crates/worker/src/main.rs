//! The shop's background worker: checks stock every minute and logs what to reorder.

use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        for sku in shop_core::to_reorder() {
            println!("reorder {sku}");
        }
    }
}
