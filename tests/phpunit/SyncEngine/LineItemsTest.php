<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once __DIR__ . '/SyncTestCase.php';

use Vtws\Sync\Connector;

/** Line items of inventory records (section 3.4): pushed with their product translated. */
final class LineItemsTest extends SyncTestCase
{
    private const DEFINITION = <<<'XML'
<connector>
  <synctype>user</synctype>
  <config><fields><field name="base" type="url"/></fields></config>
  <modules>
    <module servicemodule="items" vtigermodule="Products"/>
    <module servicemodule="invoices" vtigermodule="Invoice"/>
  </modules>
  <fieldmapping>
    <Invoice>
      <field vtigerfield="subject" servicefield="title"/>
      <lineitems vtigerfield="_lineitems_" servicefield="line_items">
        <field vtigerfield="productid" servicefield="product_id"/>
        <field vtigerfield="listprice" servicefield="item_price"/>
        <field vtigerfield="quantity" servicefield="quantity" serviceformat="int"/>
        <field vtigerfield="comment" servicefield="comments"/>
      </lineitems>
    </Invoice>
  </fieldmapping>
  <service><url B="$config.$fields.base">$B</url></service>
  <push>
    <request method="post"><url M="@syncmodule">/$M</url>
      <parameters raw-post-data="true"><parameter name="items" value="@records"/></parameters></request>
    <response><createdrecords use="items"/><recordid use="id"/></response>
  </push>
</connector>
XML;

    public function testInvoiceLineItemsArePushedWithMappedProducts(): void
    {
        $products = $this->vtiger->query('SELECT id FROM Products;');
        $mapped = $products[0]['id'];
        $since = time() - 1;
        $invoice = $this->vtiger->create('Invoice', ['subject' => 'I-1', 'account_id' => self::MAIN_ACCOUNT,
            'productid' => $mapped, 'bill_street' => 'a', 'ship_street' => 'b', 'invoicestatus' => 'Created',
            'assigned_user_id' => self::ADMIN_ID, 'LineItems' => [
                ['productid' => $mapped, 'quantity' => '2.000', 'listprice' => '10.50', 'comment' => 'first'],
            ]]);
        $state = new MemoryState(['pairs' => [
            'Products' => ['push' => ['token' => time() + 3600]],
            'Invoice' => ['push' => ['token' => $since]],
        ], 'idmap' => ['Products' => [['vtiger' => $mapped, 'service' => 'it_1', 'vtigerMtime' => null, 'serviceMtime' => null]]]]);
        ScriptedService::queue('POST /invoices', 200, ['items' => [['id' => 'inv_1']]]);

        Connector::fromString(self::DEFINITION, ['vtiger' => $this->vtiger, 'state' => $state,
            'config' => ['base' => ScriptedService::url()]])->run();

        $sent = json_decode(ScriptedService::log()[0]['body'], true)['items'];
        self::assertCount(1, $sent);
        self::assertSame('I-1', $sent[0]['title']);
        self::assertSame('', $sent[0]['id']);
        self::assertSame(0, $sent[0]['clientversion']);
        self::assertCount(1, $sent[0]['line_items']);
        $line = $sent[0]['line_items'][0];
        self::assertSame('it_1', $line['product_id']);
        self::assertSame(2, $line['quantity']);
        self::assertSame('first', $line['comments']);
        self::assertEqualsWithDelta(10.5, (float) $line['item_price'], 0.0001);
        self::assertSame([$invoice['id'] => 'inv_1'], $state->idmap('Invoice'));
    }
}
