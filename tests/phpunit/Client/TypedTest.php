<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

use Vtws\Client;

/** The "typed" option: values converted by the field types describe reports. */
final class TypedTest extends TestCase
{
    private Client $typed;
    private Client $plain;

    public static function setUpBeforeClass(): void
    {
        self::resetServer();
    }

    protected function setUp(): void
    {
        $this->typed = $this->loggedInClient(['typed' => true]);
        $this->plain = $this->loggedInClient();
    }

    private function createProduct(array $fields = []): array
    {
        return $this->plain->create('Products', $fields + [
            'productname' => 'Typed widget', 'unit_price' => '12.50', 'qtyinstock' => '7.000',
            'reorderlevel' => '3', 'discontinued' => '1', 'assigned_user_id' => self::ADMIN_ID,
        ]);
    }

    public function testQueryRowsCarryIntsFloatsAndBools(): void
    {
        $id = $this->createProduct()['id'];

        $row = $this->typed->query('SELECT * FROM Products WHERE id = ?', [$id])[0];
        $raw = $this->plain->query('SELECT * FROM Products WHERE id = ?', [$id])[0];

        self::assertSame(12.5, $row['unit_price']);
        self::assertSame(7.0, $row['qtyinstock']);
        self::assertSame(3, $row['reorderlevel']);
        self::assertTrue($row['discontinued']);
        self::assertSame($raw['productname'], $row['productname']);
        self::assertSame($raw['createdtime'], $row['createdtime'], 'dates stay ISO strings');
        self::assertSame($id, $row['id']);
        self::assertIsString($raw['unit_price'], 'an untyped client keeps Vtiger\'s strings');
    }

    public function testEmptyNumbersBecomeNullAndEveryOtherFieldIsUntouched(): void
    {
        $id = $this->createProduct(['qtyindemand' => ''])['id'];

        $typed = $this->typed->retrieve($id);
        $raw = $this->plain->retrieve($id);

        self::assertNull($typed['qtyindemand']);
        self::assertSame(array_keys($raw), array_keys($typed));
        foreach (['productname', 'modifiedtime', 'assigned_user_id', 'description'] as $field) {
            self::assertSame($raw[$field], $typed[$field]);
        }
    }

    public function testRetrieveFindsTheModuleByTheIdPrefixAndCachesIt(): void
    {
        $id = $this->createProduct()['id'];
        $client = $this->loggedInClient(['typed' => true]);
        self::resetStats();

        $first = $client->retrieve($id);
        $describes = self::requestCount('describe');
        $second = $client->retrieve($id);

        self::assertSame(12.5, $first['unit_price']);
        self::assertSame($first, $second);
        self::assertGreaterThan(0, $describes);
        self::assertSame(1, self::requestCount('listtypes'));
        self::assertSame($describes, self::requestCount('describe'), 'the second retrieve needs no describe');
    }

    public function testCreateReviseAndUpdateAnswersAreTyped(): void
    {
        $created = $this->typed->create('Accounts', [
            'accountname' => 'Typed Ltd ' . bin2hex(random_bytes(3)), 'employees' => '42',
            'annual_revenue' => '1000.50', 'assigned_user_id' => self::ADMIN_ID,
        ]);
        $revised = $this->typed->revise(['id' => $created['id'], 'employees' => '43']);
        $updated = $this->typed->update(['employees' => '44'] + $this->plain->retrieve($created['id']));

        self::assertSame(42, $created['employees']);
        self::assertSame(1000.5, $created['annual_revenue']);
        self::assertSame(43, $revised['employees']);
        self::assertSame(44, $updated['employees']);
    }

    public function testQueryAllAndSyncAreTyped(): void
    {
        $since = time() - 5;
        $id = $this->createProduct()['id'];

        $rows = iterator_to_array($this->typed->queryAll('SELECT id, unit_price FROM Products WHERE id = ?', [$id]), false);
        $changes = $this->typed->syncAll($since, 'Products');

        self::assertSame(12.5, $rows[0]['unit_price']);
        $synced = array_values(array_filter($changes['updated'], fn (array $r): bool => $r['id'] === $id));
        self::assertSame(12.5, $synced[0]['unit_price']);
    }

    public function testCountQueriesAreNotTyped(): void
    {
        self::assertGreaterThan(0, $this->typed->count('Products'));
        self::assertIsString($this->typed->query('SELECT count(*) FROM Products')[0]['count']);
    }

    public function testClearCacheForgetsTheTypeMaps(): void
    {
        $id = $this->createProduct()['id'];
        $this->typed->retrieve($id);
        $this->typed->clearCache();
        self::resetStats();

        $this->typed->query('SELECT unit_price FROM Products WHERE id = ?', [$id]);

        self::assertSame(1, self::requestCount('describe'));
    }

    public function testAFailingDescribeIsReportedNotSilentlyUntyped(): void
    {
        $id = $this->createProduct()['id'];
        $client = $this->loggedInClient(['typed' => true]);
        self::armFault('http500', 1, 'describe');

        $error = self::catchThrown(\Vtws\TransportException::class,
            fn () => $client->query('SELECT unit_price FROM Products WHERE id = ?', [$id]));

        self::assertSame(500, $error->getHttpStatus());
        self::assertSame(12.5, $client->query('SELECT unit_price FROM Products WHERE id = ?', [$id])[0]['unit_price']);
    }
}
