<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;

final class RelatedTest extends TestCase
{
    private Client $client;

    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        $this->client = $this->loggedInClient();
    }

    public function testRetrieveRelatedListsTheAccountsContacts(): void
    {
        self::resetStats();
        $contacts = $this->client->retrieveRelated(self::MAIN_ACCOUNT, 'Contacts');

        self::assertContains(self::MAIN_CONTACT, self::ids($contacts));
        foreach ($contacts as $contact) {
            self::assertSame(self::MAIN_ACCOUNT, $contact['account_id']);
        }
        $log = self::requestLog();
        self::assertSame(['GET', 'retrieve_related'], [$log[0]['method'], $log[0]['operation']]);
        self::assertContains('relatedLabel', array_column($log[0]['params'], 'name'));
    }

    public function testQueryRelatedFiltersWithBoundParameters(): void
    {
        $all = $this->client->queryRelated('SELECT firstname, lastname FROM Contacts', self::MAIN_ACCOUNT);
        self::assertContains(self::MAIN_CONTACT, self::ids($all));

        $filtered = $this->client->queryRelated('SELECT lastname FROM Contacts WHERE lastname = ?',
            self::MAIN_ACCOUNT, null, ["O'Brien-Smith"]);

        self::assertSame([self::MAIN_CONTACT], self::ids($filtered));
        self::assertSame("O'Brien-Smith", $filtered[0]['lastname']);
    }

    public function testQueryRelatedWithATrailingSemicolonStillWorks(): void
    {
        $rows = $this->client->queryRelated('SELECT lastname FROM Contacts;', self::MAIN_ACCOUNT);

        self::assertContains(self::MAIN_CONTACT, self::ids($rows));
    }

    public function testQueryRelatedWithAWrongLabelIsUnknownEntity(): void
    {
        $e = self::apiError(fn () => $this->client->queryRelated('SELECT lastname FROM Contacts', self::MAIN_ACCOUNT,
            'NoSuchRelation'));

        self::assertSame('UNKOWN_ENTITY', $e->getVtigerCode());
    }

    public function testAddRelatedLinksTheRecords(): void
    {
        $contact = $this->client->create('Contacts', ['lastname' => 'Linked later', 'assigned_user_id' => self::ADMIN_ID]);
        $before = self::ids($this->client->retrieveRelated('11x15', 'Contacts'));
        self::assertNotContains($contact['id'], $before);
        self::resetStats();

        $result = $this->client->addRelated('11x15', $contact['id']);

        self::assertSame('successfull', $result['message']);
        self::assertSame('POST', self::requestLog()[0]['method']);
        self::assertContains($contact['id'], self::ids($this->client->retrieveRelated('11x15', 'Contacts')));
    }
}
