<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\IdLadder;
use Vtws\TestServer\WebServiceException;

/**
 * Invoices with line items, shaped like Vtiger 8.0's answers (create-invoice.json,
 * retrieve-invoice.json). Taxes, discounts and charges are always zero here; only
 * the totals of quantity times list price are computed.
 */
final class Inventory
{
    private const TAXES = [['tax1', 'VAT'], ['tax2', 'Sales'], ['tax3', 'Service']];

    public function __construct(private readonly Context $ctx)
    {
    }

    public function create(array $element, int $userId): array
    {
        $lines = $element['LineItems'] ?? null;
        unset($element['LineItems']);
        $lines = is_array($lines) ? array_values(array_filter($lines, 'is_array')) : [];
        $total = array_sum(array_map(static fn (array $line): float => (float) ($line['quantity'] ?? 0) * (float) ($line['listprice'] ?? 0), $lines));
        $element = ['hdnSubTotal' => $total, 'hdnGrandTotal' => $total, 'pre_tax_total' => $total] + $element;
        // Field checks come first (productid is mandatory on the Invoice itself, describe-invoice);
        // a failure after this point rolls the request's transaction back.
        $record = $this->ctx->writer->create('Invoice', $element, $userId);
        if ($lines === []) {
            throw new WebServiceException('MANDATORY_FIELDS_MISSING', 'Mandatory Fields Missing..');
        }
        $lines = array_map(fn (array $line): array => $this->lineItem($line), $lines);
        $record['data']['balance'] = number_format($total, 8, '.', '');
        $record['data']['LineItems'] = $lines;
        $this->ctx->store->save($record['crmid'], $record['owner'], $record['data'], $record['mtime']);
        $this->takeFromStock($lines);
        return $this->createAnswer($record, $total);
    }

    /** The record as retrieve / retrieve_inventory answer it. */
    public function full(array $record): array
    {
        $out = $this->ctx->view->full($record);
        unset($out['productid']);
        $out += $this->charges();
        $lines = $record['data']['LineItems'] ?? [];
        $out['LineItems'] = $this->lineOutput($record, $lines);
        $out['productid'] = $lines[0]['productid'] ?? null;
        $out['LineItems_FinalDetails'] = $this->finalDetails($lines, (float) ($record['data']['hdnSubTotal'] ?? 0));
        return $out;
    }

    private function createAnswer(array $record, float $total): array
    {
        $full = $this->ctx->view->full($record);
        unset($full['productid']);
        $out = ['id' => $full['id']] + $full;
        foreach (['hdnSubTotal', 'hdnGrandTotal', 'pre_tax_total'] as $field) {
            // The create answer echoes the computed totals as PHP numbers.
            $out[$field] = floor($total) === $total ? (int) $total : $total;
        }
        $out['balance'] = '0.00000000';
        $out += $this->charges();
        $out['LineItems'] = $this->lineOutput($record, $record['data']['LineItems']);
        $out['productid'] = null;
        $out['LineItems_FinalDetails'] = ['1' => ['final_details' => $this->summary(0.0, false)]];
        $out['new'] = true;
        return $out;
    }

    private function lineItem(array $line): array
    {
        return [
            'productid' => (string) ($line['productid'] ?? ''),
            'quantity' => number_format((float) ($line['quantity'] ?? 0), 3, '.', ''),
            'listprice' => number_format((float) ($line['listprice'] ?? 0), 8, '.', ''),
            'comment' => (string) ($line['comment'] ?? ''),
            'lineid' => $this->ctx->store->nextAutonumber('LineItem'),
        ];
    }

    private function takeFromStock(array $lines): void
    {
        foreach ($lines as $line) {
            $product = $this->ctx->store->find(IdLadder::leadingInt(explode('x', $line['productid'] . 'x')[1]));
            if ($product !== null && $product['module'] === 'Products') {
                $product['data']['qtyinstock'] = number_format((float) $product['data']['qtyinstock'] - (float) $line['quantity'], 3, '.', '');
                $this->ctx->store->save($product['crmid'], $product['owner'], $product['data'], $product['mtime']);
            }
        }
    }

    private function charges(): array
    {
        return ['shipping_&_handling' => null, 'shipping_&_handling_shtax1' => 0, 'shipping_&_handling_shtax2' => 0,
            'shipping_&_handling_shtax3' => 0];
    }

    private function lineOutput(array $record, array $lines): array
    {
        $out = [];
        foreach ($lines as $index => $line) {
            $product = $this->product($line['productid']);
            $out[] = [
                // "7xArray" (sic): Vtiger builds the parent id from an array.
                'parent_id' => $this->ctx->meta->entityId('Invoice') . 'xArray', 'productid' => $line['productid'],
                'sequence_no' => (string) ($index + 1), 'quantity' => $line['quantity'], 'listprice' => $line['listprice'],
                'discount_percent' => '0.000', 'discount_amount' => '0.00000000', 'comment' => $line['comment'],
                'description' => '', 'incrementondel' => '1', 'tax1' => '0.000', 'tax2' => '0.000', 'tax3' => '0.000',
                'image' => '', 'purchase_cost' => '0.00000000', 'margin' => '0.00000000',
                'id' => $this->ctx->meta->entityId('LineItem') . 'x' . $line['lineid'],
                'product_name' => $product['productname'] ?? '', 'entity_type' => 'Products', 'deleted' => '0',
            ];
        }
        return $out;
    }

    private function finalDetails(array $lines, float $subTotal): array
    {
        $details = [];
        foreach ($lines as $index => $line) {
            $n = $index + 1;
            $product = $this->product($line['productid']);
            $lineTotal = number_format((float) $line['quantity'] * (float) $line['listprice'], 2, '.', '');
            $entry = ["purchaseCost$n" => '0.00', "margin$n" => '0.00', "productDeleted$n" => false, "entityType$n" => 'Products'];
            if ($n > 1) {
                $entry["delRow$n"] = 'Del';
            }
            $entry += [
                "hdnProductId$n" => (string) IdLadder::leadingInt(explode('x', $line['productid'] . 'x')[1]),
                "productName$n" => $product['productname'] ?? '', "hdnProductcode$n" => $product['product_no'] ?? '',
                "productDescription$n" => '', "comment$n" => $line['comment'],
                "qtyInStock$n" => (string) (float) ($product['qtyinstock'] ?? 0),
                "qty$n" => (string) (float) $line['quantity'], "listPrice$n" => number_format((float) $line['listprice'], 2, '.', ''),
                "unitPrice$n" => number_format((float) ($product['unit_price'] ?? 0), 2, '.', ''),
                "productTotal$n" => $lineTotal, "subproduct_ids$n" => '', "subprod_qty_list$n" => [],
                "subprod_names$n" => '', "discount_percent$n" => 0, "discount_amount$n" => 0,
                "checked_discount_zero$n" => ' checked', "discountTotal$n" => '0.00', "totalAfterDiscount$n" => $lineTotal,
                "taxTotal$n" => '0.00', "netPrice$n" => $lineTotal,
            ];
            if ($n === 1) {
                $entry['final_details'] = $this->summary($subTotal, true);
            }
            $details[(string) $n] = $entry;
        }
        return $details;
    }

    private function summary(float $subTotal, bool $stored): array
    {
        $amount = number_format($subTotal, 2, '.', '');
        $taxes = [];
        $shTaxes = [];
        foreach (self::TAXES as $index => [$name, $label]) {
            $id = (string) ($index + 1);
            $common = ['type' => 'Fixed', 'method' => 'Simple', 'regions' => [], 'compoundon' => []];
            $taxes[$id] = ['taxname' => $name, 'taxlabel' => $label, 'percentage' => $stored ? '0.000' : 0,
                'amount' => '0.00', 'taxid' => $id] + $common;
            $shTaxes[] = ['taxname' => 'sh' . $name, 'taxlabel' => $label, 'percentage' => 0, 'amount' => 0, 'taxid' => $id] + $common;
        }
        return [
            'taxtype' => 'group', 'discount_type_final' => 'zero', 'hdnSubTotal' => $amount,
            'discount_percentage_final' => 0, 'discount_amount_final' => '0.00', 'discountTotal_final' => '0.00',
            'taxes' => $taxes, 'tax_totalamount' => '0.00', 'shipping_handling_charge' => '0.00', 'sh_taxes' => $shTaxes,
            'shtax_totalamount' => '0.00', 'adjustment' => '0.00', 'grandTotal' => $amount, 'preTaxTotal' => $amount,
            'totalAfterDiscount' => $amount, 'chargesAndItsTaxes' => ['1' => ['value' => null, 'taxes' => ['1' => 0, '2' => 0, '3' => 0]]],
            'deductTaxes' => [], 'deductTaxesTotalAmount' => '0.00',
        ];
    }

    private function product(string $wsId): array
    {
        $record = $this->ctx->store->find(IdLadder::leadingInt(explode('x', $wsId . 'x')[1]));
        return $record !== null && $record['module'] === 'Products' ? $record['data'] : [];
    }
}
