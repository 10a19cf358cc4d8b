// The main job, run by `npm start`. It grows with the project: see README.md.
console.log('globalsign-kit: the scripted example arrives with the crypto module.');
