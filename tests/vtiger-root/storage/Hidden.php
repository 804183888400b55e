<?php

function vtws_registry_hidden($user)
{
    return [];
}
