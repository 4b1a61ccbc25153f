// Mocha's spec reporter plus one closing line CI reads: "mocha: N passed, N failed, N skipped".
const Spec = require('mocha/lib/reporters/spec');

class Totals extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const { passes, failures, pending } = runner.stats;
      process.stdout.write(`\nmocha: ${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}
module.exports = Totals;
