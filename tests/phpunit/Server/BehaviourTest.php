<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

require_once __DIR__ . '/ServerTestCase.php';

/** Behaviour the fixtures establish beyond a single exchange. */
final class BehaviourTest extends ServerTestCase
{
    public function testOnlyTheNewestTokenIsValidAndItIsReusable(): void
    {
        $first = $this->client->get(['operation' => 'getchallenge', 'username' => 'admin'])->result()['token'];
        $second = $this->client->get(['operation' => 'getchallenge', 'username' => 'admin'])->result()['token'];
        $login = fn (string $token): WireReply => $this->client->post(['operation' => 'login', 'username' => 'admin',
            'accessKey' => md5($token . WireClient::ADMIN_KEY)]);
        self::assertError('INVALID_USER_CREDENTIALS', 'Invalid username or password', $login($first));
        $one = $login($second)->result()['sessionName'];
        $two = $login($second)->result()['sessionName'];
        self::assertNotSame($one, $two);
        self::assertMatchesRegularExpression('/^[0-9a-f]{14,21}$/', $one);
    }

    public function testInactiveAndKeylessUsers(): void
    {
        $token = fn (string $user): string => $this->client->get(['operation' => 'getchallenge', 'username' => $user])->result()['token'];
        $reply = $this->client->post(['operation' => 'login', 'username' => 'olduser',
            'accessKey' => md5($token('olduser') . 'inactiveKey12345')]);
        self::assertError('INVALID_USER_CREDENTIALS', 'Invalid username or password', $reply);
        $reply = $this->client->post(['operation' => 'login', 'username' => 'nokey', 'accessKey' => md5($token('nokey'))]);
        self::assertError('ACCESSKEY_UNDEFINED', 'Access key for the user is undefined', $reply);
    }

    public function testLogoutInvalidatesOnlyThatSession(): void
    {
        $other = $this->client->login()['sessionName'];
        self::assertSame(['message' => 'successfull'], $this->post('logout')->result());
        self::assertError('INVALID_SESSIONID', 'Session Identifier provided is Invalid', $this->get('listtypes'));
        self::assertTrue($this->client->get(['operation' => 'listtypes', 'sessionName' => $other])->json()['success']);
    }

    public function testUpdateStoresDescriptionOneEscapingLevelDeeper(): void
    {
        $created = $this->post('create', ['elementType' => 'Contacts', 'element' => json_encode(
            ['lastname' => 'Esc', 'assigned_user_id' => '19x1', 'description' => 'a & "b" é'])])->result();
        $answer = $this->post('update', ['element' => json_encode(
            ['id' => $created['id'], 'lastname' => 'Esc', 'assigned_user_id' => '19x1'])])->result();
        self::assertSame('a & "b" é', $answer['description']);
        $stored = $this->get('retrieve', ['id' => $created['id']])->result();
        self::assertSame('a &amp; &quot;b&quot; &eacute;', $stored['description']);
        $this->post('revise', ['element' => json_encode(['id' => $created['id'], 'title' => 'x'])])->result();
        self::assertSame($stored['description'], $this->get('retrieve', ['id' => $created['id']])->result()['description']);
    }

    public function testSyncPagesPastOneHundredOnTiesAndSeesOnlyOwnRecords(): void
    {
        \Vtws\Tests\ServerLauncher::control('reset', ['contacts' => 250]);
        $this->session = $this->client->login()['sessionName'];
        $since = $this->client->get(['operation' => 'getchallenge', 'username' => 'admin'])->result()['serverTime'] - 7200;
        $seen = 0;
        $sizes = [];
        do {
            $page = $this->get('sync', ['modifiedTime' => $since, 'elementType' => 'Contacts'])->result();
            $sizes[] = count($page['updated']);
            $seen += count($page['updated']);
            $since = $page['lastModifiedTime'];
        } while ($page['more'] === true && count($sizes) < 10);
        self::assertSame(250, $seen);
        self::assertSame(102, $sizes[0]);
        $jdoe = $this->client->login('jdoe', 'jdoeAccessKey123')['sessionName'];
        $mine = $this->client->get(['operation' => 'sync', 'sessionName' => $jdoe, 'modifiedTime' => 1,
            'elementType' => 'Contacts'])->result();
        self::assertSame([[], [], false], [$mine['updated'], $mine['deleted'], $mine['more']]);
    }

    public function testConvertLeadCreatesAccountAndContactOnce(): void
    {
        $lead = $this->query("SELECT id FROM Leads WHERE lastname = 'Fischer';")->result()[0]['id'];
        $element = json_encode(['leadId' => $lead, 'entities' => [
            'Accounts' => ['create' => true, 'name' => 'Accounts'],
            'Contacts' => ['create' => true, 'name' => 'Contacts'],
        ]]);
        $result = $this->post('convertlead', ['element' => $element])->result();
        self::assertSame(['Accounts', 'Contacts'], array_keys($result));
        $contact = $this->get('retrieve', ['id' => $result['Contacts']])->result();
        self::assertSame([$result['Accounts'], 'Fischer'], [$contact['account_id'], $contact['lastname']]);
        self::assertError('LEAD_ALREADY_CONVERTED', 'Lead is already converted', $this->post('convertlead', ['element' => $element]));
        self::assertSame([], $this->query("SELECT id FROM Leads WHERE lastname = 'Fischer';")->result());
    }

    public function testCustomOperationIsDispatchedFromTheOperationTable(): void
    {
        $reply = $this->post('gettranslation', ['totranslate' => '["SINGLE_Contacts","Contacts","X"]', 'language' => 'ru_ru']);
        self::assertSame(['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты', 'X' => 'X'], $reply->result());
        self::assertStringContainsString('\u041a', $reply->body);
        self::assertNull($this->get('gettranslation', ['totranslate' => '["Contacts"]'])->result());
    }

    public function testAddRelatedMakesTheRecordRelated(): void
    {
        $document = $this->query("SELECT id FROM Documents;")->result()[0]['id'];
        self::assertSame([], $this->get('retrieve_related', ['id' => '12x3', 'relatedType' => 'Documents',
            'relatedLabel' => 'Documents'])->result());
        $this->post('add_related', ['sourceRecordId' => '12x3', 'relatedRecordId' => $document])->result();
        $related = $this->get('retrieve_related', ['id' => '12x3', 'relatedType' => 'Documents', 'relatedLabel' => 'Documents']);
        self::assertSame([$document], array_column($related->result(), 'id'));
    }

    public function testArrayParameterIsAFatalError(): void
    {
        $reply = $this->client->get(['operation' => 'retrieve', 'sessionName' => $this->session, 'id' => ['12x3']]);
        self::assertSame([500, ''], [$reply->status, $reply->body]);
    }
}
