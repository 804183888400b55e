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

    public function testAddRelatedLinksThroughAnNToNRelation(): void
    {
        $contact = $this->client->create('Contacts', ['lastname' => 'Linked later', 'assigned_user_id' => self::ADMIN_ID]);
        $potential = $this->client->create('Potentials', ['potentialname' => 'Linked deal', 'related_to' => '11x15',
            'closingdate' => '2026-12-01', 'sales_stage' => 'Prospecting', 'assigned_user_id' => self::ADMIN_ID]);
        self::assertNotContains($contact['id'], self::ids($this->client->retrieveRelated($potential['id'], 'Contacts')));
        self::resetStats();

        $result = $this->client->addRelated($potential['id'], $contact['id']);

        self::assertSame('successfull', $result['message']);
        self::assertSame('POST', self::requestLog()[0]['method']);
        self::assertContains($contact['id'], self::ids($this->client->retrieveRelated($potential['id'], 'Contacts')));
    }

    /** Recorded on Vtiger 8.0: Accounts to Contacts is 1:N, read through the Contact's account_id. */
    public function testAddRelatedThroughAOneToNRelationSucceedsButLinksNothing(): void
    {
        $contact = $this->client->create('Contacts', ['lastname' => 'Not linked', 'assigned_user_id' => self::ADMIN_ID]);

        self::assertSame('successfull', $this->client->addRelated('11x15', $contact['id'])['message']);

        self::assertNotContains($contact['id'], self::ids($this->client->retrieveRelated('11x15', 'Contacts')));
        self::assertSame('', $this->client->retrieve($contact['id'])['account_id']);
    }

    public function testAddRelatedBetweenUnrelatedModulesSucceedsAndDoesNothing(): void
    {
        $contact = $this->client->create('Contacts', ['lastname' => 'Reverse', 'assigned_user_id' => self::ADMIN_ID]);

        self::assertSame('successfull', $this->client->addRelated($contact['id'], '11x15')['message']);

        self::assertNotContains($contact['id'], self::ids($this->client->retrieveRelated('11x15', 'Contacts')));
    }
}
