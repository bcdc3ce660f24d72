"""The softphone's Qt side: the engine adapter (poll timer, signals), the headset audio bridge, the pane.

Wiring it into a window (the composition root does this once per signed-in agent)::

    engine = Softphone(EngineOptions(...), clock=context.clock,
                       caller_lookup=caller_directory(context.database.session))
    adapter = SoftphoneAdapter(engine, interactions=InteractionLog(context.database.write_session, user_id=user.id))
    adapter.start()                                   # engine + 5 ms poll timer on the GUI thread
    audio = QtAudioBridge(engine.audio)
    audio.start()                                     # the default headset; the pane lets the agent pick
    pane = SoftphonePane(adapter, audio, language=user.language)
    account = load_account_settings(session, user_id=user.id)
    if account is not None:
        engine.configure(account, sip_password(account, context.credentials, parent=window))
    ...
    audio.close(); adapter.stop()                     # on quit, in this order
"""
