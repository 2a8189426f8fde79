import { expect } from 'chai';
import { priceTicks, qtyLots, Side } from '../../../engine/model';
import { counterparty, order, setup } from './risk-fixture';

describe('pre-trade risk: reads for the portfolio', function () {
  this.timeout(5_000);

  it('lists an account\'s instruments in the order first seen, and the mark price once there is one', () => {
    const { risk, submit } = setup();
    expect(risk.accountSymbols('A1')).to.deep.equal([]);
    expect(risk.markPriceTicks('ACME')).to.equal(undefined);
    submit(order({ symbol: 'BOLT', side: Side.Buy, qtyLots: qtyLots(10), priceTicks: priceTicks(20) }));
    submit(counterparty({ side: Side.Sell, qtyLots: qtyLots(3), priceTicks: priceTicks(1000) }));
    submit(order({ side: Side.Buy, qtyLots: qtyLots(3), priceTicks: priceTicks(1000) }));
    expect(risk.accountSymbols('A1')).to.deep.equal(['BOLT', 'ACME']);
    expect(risk.accountSymbols('CPA')).to.deep.equal(['ACME']);
    expect(risk.markPriceTicks('ACME')).to.equal(1000);
    risk.setReferencePrice('ACME', 1010);
    expect(risk.markPriceTicks('ACME'), 'the external reference wins').to.equal(1010);
    expect(risk.position('A1', 'ACME').positionLots).to.equal(3);
  });
});
