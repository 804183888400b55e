<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

final class MetadataTest extends TestCase
{
    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
    }

    public function testListTypesListsTheEntityModules(): void
    {
        $types = $this->loggedInClient()->listTypes();

        self::assertContains('Contacts', $types['types']);
        self::assertContains('Accounts', $types['types']);
        self::assertTrue($types['information']['Contacts']['isEntity']);
        self::assertArrayHasKey('label', $types['information']['Contacts']);
    }

    public function testListTypesFiltersByFieldType(): void
    {
        $client = $this->loggedInClient();
        $all = $client->listTypes()['types'];
        self::resetStats();

        $withEmail = $client->listTypes(['email'])['types'];

        self::assertContains('Contacts', $withEmail);
        self::assertNotContains('Products', $withEmail);
        self::assertLessThan(count($all), count($withEmail));
        $log = self::requestLog();
        self::assertSame('GET', $log[0]['method']);
        self::assertContains('fieldTypeList', array_column($log[0]['params'], 'name'));
    }

    public function testDescribeReturnsTheFields(): void
    {
        $describe = $this->loggedInClient()->describe('Contacts');

        self::assertSame('Contacts', $describe['name']);
        self::assertSame('12', $describe['idPrefix']);
        $fields = array_column($describe['fields'], null, 'name');
        self::assertTrue($fields['lastname']['mandatory']);
        self::assertSame('reference', $fields['account_id']['type']['name']);
    }

    public function testDescribeIsCachedPerClient(): void
    {
        $client = $this->loggedInClient();
        self::resetStats();

        $first = $client->describe('Contacts');
        $second = $client->describe('Contacts');

        self::assertSame($first, $second);
        self::assertSame(1, self::requestCount('describe'));
        $client->describe('Accounts');
        self::assertSame(2, self::requestCount('describe'), 'each module is fetched once');
    }

    public function testClearCacheMakesDescribeAskAgain(): void
    {
        $client = $this->loggedInClient();
        $client->describe('Contacts');
        self::resetStats();

        $client->clearCache();
        $client->describe('Contacts');

        self::assertSame(1, self::requestCount('describe'));
    }

    public function testDescribeOfAnUnknownModuleIsAccessDenied(): void
    {
        $client = $this->loggedInClient();
        $e = self::apiError(fn () => $client->describe('NoSuchModule'));

        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
        self::assertSame('describe', $e->getOperation());
        // A failed describe is not cached.
        self::resetStats();
        self::apiError(fn () => $client->describe('NoSuchModule'));
        self::assertSame(1, self::requestCount('describe'));
    }

    public function testModuleNamesAreCaseSensitive(): void
    {
        $client = $this->loggedInClient();

        self::assertSame('ACCESS_DENIED', self::apiError(fn () => $client->describe('contacts'))->getVtigerCode());
    }

    public function testRelatedTypesOfAccounts(): void
    {
        $related = $this->loggedInClient()->relatedTypes('Accounts');

        self::assertArrayHasKey('types', $related);
        self::assertContains('Contacts', $related['types']);
    }
}
